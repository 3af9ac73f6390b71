import 'reflect-metadata';
import { startApi } from './setup-app';

startApi().catch((err: Error) => {
  console.error(`The engine could not start: ${err.message}`);
  process.exit(1);
});
