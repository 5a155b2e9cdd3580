'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/eventbridge', '../dist/src/adapters/eventbridge/index.js');
