'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/aws', '../dist/src/aws/index.js');
