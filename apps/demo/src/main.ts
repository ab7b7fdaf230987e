import { DemoApp } from './app';

new DemoApp();
