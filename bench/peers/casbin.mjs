// itaku-bench decide's casbin peer: node-casbin with the policy of a general-derived class
// (roster membership with class scope, contract active, registered location, purpose = the
// contract) as an RBAC-with-domains model, the idiomatic casbin form: a worker's class scope is
// a role in the contract's domain, the register maps assets to classes, the roster maps
// workers to their party and the party to its registered locations. Prints one JSON object.
//
//   node bench/peers/casbin.mjs --workers 10000 [--seconds 2]

import { readFileSync } from 'node:fs';
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin';
import * as w from './workload.mjs';

const kModel = `
[request_definition]
r = sub, dom, obj, act, loc, purpose

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _
g2 = _, _
g3 = _, _
g4 = _, _
g5 = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.dom == p.dom && r.act == p.act && g2(r.obj, p.obj) && g(r.sub, p.sub, r.dom) && g3(r.sub, r.loc) && g4(r.dom, "active") && (r.purpose == r.dom || g5(r.purpose, r.dom))
`;
// g:  worker → scope role of a class, in the contract's domain (roster.access)
// g2: asset → class (the register)
// g3: worker → party, party → each registered work location (the roster)
// g4: contract → "active" (the contract's state)
// g5: contract number → contract (either names the contract's purpose)

const options = w.parseArgs(process.argv);
const n = options.workers;
const lines = [];
for (let c = 0; c < w.kClasses; ++c) lines.push(`p, scope:${w.classId(c)}, ${w.kContract}, ${w.classId(c)}, read`);
for (let i = 0; i < n; ++i) {
  lines.push(`g, ${w.workerId(i)}, scope:${w.classId(i % w.kClasses)}, ${w.kContract}`);
  lines.push(`g3, ${w.workerId(i)}, party:${w.kParty}`);
}
for (let j = 0; j < n; ++j) lines.push(`g2, ${w.assetId(j)}, ${w.classId(j % w.kClasses)}`);
for (const location of w.kLocations) lines.push(`g3, party:${w.kParty}, ${location}`);
lines.push(`g4, ${w.kContract}, active`);
lines.push(`g5, ${w.kNumber}, ${w.kContract}`);

const enforcer = await newEnforcer(newModelFromString(kModel), new StringAdapter(lines.join('\n')));
const version = JSON.parse(readFileSync(new URL('./node_modules/casbin/package.json', import.meta.url))).version;
const requests = w.mix(n);
w.measure('casbin', version, options, requests, (r) =>
  enforcer.enforceSync(r.person, w.kContract, r.asset, r.action, r.location, r.purpose));
