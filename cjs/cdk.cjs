'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/cdk', '../dist/src/cdk/index.js');
