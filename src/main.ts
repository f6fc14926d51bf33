import { mount } from 'svelte';
import { openUserStore } from './store/index.ts';
import './ui/app.css';
import App from './ui/App.svelte';
import { createRecommenderBridge } from './ui/bridge.ts';
import { bundledManifest } from './ui/dataset-info.ts';
import { startPwa } from './ui/pwa/start.ts';

const bridge = createRecommenderBridge();
// First, so an update can still be offered even if opening the store stalls (an older tab blocking an upgrade).
// A first visit registers the service worker once a start has succeeded: by then the worker has put the snapshot it
// downloaded and checked into the precache, which the service worker's install then reuses. A failed start registers
// none: it may have met a damaged network (a captive portal), whose answers the precache would keep.
startPwa(bridge.started);

// openUserStore never rejects: without IndexedDB it returns an in-memory store that says so.
const store = await openUserStore();
mount(App, {
  target: document.getElementById('app')!,
  props: { store, bridge, manifest: bundledManifest },
});
