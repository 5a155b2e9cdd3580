'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/sns', '../dist/src/adapters/sns/index.js');
