'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/testing', '../dist/src/testing/index.js');
