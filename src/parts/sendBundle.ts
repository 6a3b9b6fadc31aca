// The entry of dist/send.js (esbuild.js HOST_BUNDLES): the lazy parts that start sessions, New
// Session (with Send Selection / File / Draft) and Delegate's commands, loaded together the first
// time one of them is used. Delegate's commands build on New Session's code (create.ts), so they
// always loaded it anyway (docs/performance.md, "The bundle split").
// Each part offers what the core uses of it (src/parts/*.ts), so esbuild can leave out the rest.
import { openPromptPreview, registerCreateCommands } from '../commands/create';
import { registerDelegateCommands } from '../delegate/commands';

export const create = { openPromptPreview, registerCreateCommands };
export const delegate = { registerDelegateCommands };
