// Check Out (src/webview/checkoutUi.ts, checkout.ts and the git code only they use: src/git/prBranch, prRefs,
// gitCli), bundled as dist/checkout.js: required the first time a pull request is checked out
// (the Sessions tree's Check Out, the details panel, whose bundle takes it from there, or the review).
import { lazyPart } from './part';

export const checkoutPart = lazyPart('checkout', () => require('./checkout.js') as typeof import('../webview/checkoutUi'));
