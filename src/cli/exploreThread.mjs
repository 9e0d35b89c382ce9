// A worker thread does not inherit tsx's loader from `npm run explore`: register it, then run the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./exploreThread.ts');
