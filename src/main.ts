import { mount } from 'svelte';
import { openUserStore } from './store/index.ts';
import './ui/app.css';
import App from './ui/App.svelte';
import { createRecommenderBridge } from './ui/bridge.ts';
import { bundledManifest } from './ui/dataset-info.ts';
import { startPwa } from './ui/pwa/start.ts';

// First, so an update can still be offered even if opening the store stalls (an older tab blocking an upgrade).
startPwa();

// openUserStore never rejects: without IndexedDB it returns an in-memory store that says so.
const store = await openUserStore();
mount(App, {
  target: document.getElementById('app')!,
  props: { store, bridge: createRecommenderBridge(), manifest: bundledManifest },
});
