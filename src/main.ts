import { mount } from 'svelte';
import App from './ui/App.svelte';
import { startPwa } from './pwa/start';

mount(App, { target: document.getElementById('app')! });
startPwa();
