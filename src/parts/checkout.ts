// Check Out (src/webview/checkoutUi.ts, checkout.ts and the git code only they use: src/git/prBranch, prRefs,
// gitCli), bundled in dist/view.js with the details panel and the review: required the first time a
// pull request is checked out (the Sessions tree's Check Out, the details panel or the review).
import { lazyPart } from './part';

export const checkoutPart = lazyPart('checkout', () => (require('./view.js') as typeof import('./viewBundle')).checkout);
