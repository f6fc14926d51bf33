import { mount } from 'svelte';
import { openUserStore } from './store/index.ts';
import './ui/app.css';
import App from './ui/App.svelte';
import { RecommenderBridge } from './ui/bridge.ts';
import { bundledManifest } from './ui/dataset-info.ts';
import { startPwa } from './pwa/start';

// openUserStore never rejects: without IndexedDB it returns an in-memory store that says so.
const store = await openUserStore();
mount(App, {
  target: document.getElementById('app')!,
  props: { store, bridge: new RecommenderBridge(), manifest: bundledManifest },
});
startPwa();
