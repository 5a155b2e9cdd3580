// The timeline page's static files are not TypeScript; copy them next to the compiled web module, with the
// Mermaid renderer the page draws its state diagrams with (served from the package, never from a CDN).
import { copyFileSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';

cpSync('src/web/assets', 'dist/src/web/assets', { recursive: true });
copyFileSync(
  createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'),
  'dist/src/web/assets/mermaid.min.js',
);
