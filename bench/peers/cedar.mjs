// itaku-bench decide's Cedar peer: @cedar-policy/cedar-wasm (the Node build) with the policy
// of a general-derived class (roster membership with class scope, contract active, registered
// location, purpose = the contract). The policy set is parsed once (preparsePolicySet); each
// decision is statefulIsAuthorized with the entities that request needs — the worker, their
// party, the asset and the contract — looked up in memory, as an application holding N
// workers and assets would pass them (Cedar is stateless: entities come with every call).
// Prints one JSON object.
//
//   node bench/peers/cedar.mjs --workers 10000 [--seconds 2]

import { createRequire } from 'node:module';
import * as w from './workload.mjs';

const require = createRequire(import.meta.url);
const cedar = require('@cedar-policy/cedar-wasm/nodejs');

const kPolicies = `
permit (principal is Worker, action == Action::"read", resource is Asset)
when {
  principal in resource.contract &&
  resource.contract.active &&
  principal.scope.contains(resource.class) &&
  principal.party.locations.contains(context.location) &&
  (context.purpose == resource.contract.key || context.purpose == resource.contract.number)
};
`;

const options = w.parseArgs(process.argv);
const n = options.workers;
const parsed = cedar.preparsePolicySet('itaku-bench', { staticPolicies: kPolicies });
if (parsed.type !== 'success') throw new Error(`cedar: ${JSON.stringify(parsed.errors)}`);

const contractUid = { type: 'Contract', id: w.kContract };
const partyUid = { type: 'Party', id: w.kParty };
const contract = { uid: contractUid, attrs: { active: true, key: w.kContract, number: w.kNumber }, parents: [] };
const party = { uid: partyUid, attrs: { locations: w.kLocations }, parents: [contractUid] };
const workers = new Map();
for (let i = 0; i < n; ++i)
  workers.set(w.workerId(i), {
    uid: { type: 'Worker', id: w.workerId(i) },
    attrs: { scope: [w.classId(i % w.kClasses)], party: { __entity: partyUid } },
    parents: [partyUid],
  });
const assets = new Map();
for (let j = 0; j < n; ++j)
  assets.set(w.assetId(j), {
    uid: { type: 'Asset', id: w.assetId(j) },
    attrs: { class: w.classId(j % w.kClasses), contract: { __entity: contractUid } },
    parents: [],
  });
const actions = { read: { type: 'Action', id: 'read' } };

const requests = w.mix(n);
w.measure('cedar-wasm', cedar.getCedarVersion(), options, requests, (r) => {
  const worker = workers.get(r.person);
  const asset = assets.get(r.asset);
  const answer = cedar.statefulIsAuthorized({
    principal: worker.uid,
    action: actions[r.action],
    resource: asset.uid,
    context: { location: r.location, purpose: r.purpose },
    preparsedPolicySetId: 'itaku-bench',
    entities: [worker, party, asset, contract],
  });
  if (answer.type !== 'success') throw new Error(`cedar: ${JSON.stringify(answer.errors)}`);
  return answer.response.decision === 'allow';
});
