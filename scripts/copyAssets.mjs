// The timeline page's static files are not TypeScript; copy them next to the compiled web module.
import { cpSync } from 'node:fs';

cpSync('src/web/assets', 'dist/src/web/assets', { recursive: true });
