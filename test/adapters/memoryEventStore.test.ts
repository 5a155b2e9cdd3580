import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { eventStoreContract } from '../contracts/eventStore.contract.js';

eventStoreContract('memory', async () => ({ store: new MemoryEventStore(), cleanup: async () => undefined }), {
  persistent: false,
});
