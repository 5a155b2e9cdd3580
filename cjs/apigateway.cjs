'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/apigateway', '../dist/src/adapters/apigateway/index.js');
