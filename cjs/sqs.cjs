'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/sqs', '../dist/src/adapters/sqs/index.js');
