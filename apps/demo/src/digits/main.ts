import { DigitsPage } from './digits-page';

new DigitsPage();
