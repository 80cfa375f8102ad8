/**
 * `npm run ops -- health | failures | replay ID | redrive | poll | audit --year Y | summary |
 * replay-all | job ID | person | record PLATFORM ID` against a hub:
 * HUB_URL (default the local hub, http://127.0.0.1:3000) with OPS_API_KEY (default the
 * development key). See scripts/ops/commands.ts.
 */
import { targetOf } from './ops/client.js';
import { runOps } from './ops/commands.js';

process.exitCode = await runOps(process.argv.slice(2), targetOf(process.env));
