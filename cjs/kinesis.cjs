'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/kinesis', '../dist/src/adapters/kinesis/index.js');
