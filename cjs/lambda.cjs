'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/lambda', '../dist/src/adapters/lambda/index.js');
