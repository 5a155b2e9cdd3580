'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/dynamodb', '../dist/src/adapters/dynamodb/index.js');
