'use strict';
module.exports = require('./loadEsm.cjs')('statebridge/timeline', '../dist/src/timeline/index.js');
