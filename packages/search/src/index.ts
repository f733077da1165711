export { searchTerms } from './terms';
