/**
 * Imported first by the worker entry, so that it runs before any other module (network-guard.ts). Its own module
 * because imports run before the importing module's body.
 */
import { guardNetwork } from './network-guard.ts';

guardNetwork(self);
