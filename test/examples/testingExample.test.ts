// Runs the copy-me example of docs/testing.md as part of the suite (vitest only collects test/**):
// its describe/it blocks register here when the module is imported.
import '../../examples/testing/myResource.lifecycle.test.js';
