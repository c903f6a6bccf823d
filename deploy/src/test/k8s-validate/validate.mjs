// node validate.mjs a.yaml b.yaml: validates every object against its kind's schema; exit 1 on any
// failure. Which package models an API group is listed, so that an unknown kind is a failure, not
// a silent pass.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const packages = {
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

let failed = 0;
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      failed++;
      console.log(`FAIL ${file}: not YAML: ${doc.errors[0].message}`);
      continue;
    }
    const o = doc.toJS();
    if (!o) continue;
    count++;
    const name = `${o.kind}/${o.metadata?.name}`;
    if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
      failed++;
      console.log(`FAIL ${file}: ${name}: no apiVersion or kind`);
      continue;
    }
    const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
    const pkg = packages[group] ?? "kubernetes-models";
    let model;
    try {
      model = await import(`${pkg}/${group ? group + "/" : ""}${version}/${o.kind}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${file}: ${name}: no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new model[o.kind](o).validate();
    } catch (e) {
      failed++;
      console.log(`FAIL ${file}: ${name}: ${e.message.split("\n")[0]}`);
    }
  }
}
console.log(`${count - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
