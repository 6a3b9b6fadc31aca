// The entry of dist/view.js (esbuild.js HOST_BUNDLES): the lazy parts that show a session or a pull
// request, loaded together the first time one of them is used. The details panel and the review
// both use Check Out's code, so the three were never far apart; one file compresses better than
// three (docs/performance.md, "The bundle split").
// Each part offers what the core uses of it (src/parts/*.ts), so esbuild can leave out the rest.
import { activateReview } from '../review/index';
import { checkoutPullRequest, checkoutUi } from '../webview/checkoutUi';
import { SessionPanelManager } from '../webview/sessionPanel';

export const checkout = { checkoutPullRequest, checkoutUi };
export const panel = { SessionPanelManager };
export const review = { activateReview };
