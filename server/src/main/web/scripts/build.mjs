// Builds GéoÉduc's web assets for the Maven build (server/pom.xml, phase generate-resources):
//   node build.mjs WEB_DIR WORK_DIR OUT_DIR
// 1. copies package.json and package-lock.json from WEB_DIR to WORK_DIR (under target/) and runs `npm ci` there when
//    the lockfile changed since the last install (npm ci wipes node_modules: running it on every build would cost
//    its full time each time);
// 2. copies what the pages load into OUT_DIR (served at /static): DSFR (CSS, JS, fonts, icons, favicon), MapLibre's
//    CSP build (main script and worker as files: no blob: worker needed) and GéoÉduc's own scripts and style sheet.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const [webDir, workDir, outDir] = process.argv.slice(2).map(p => resolve(p));
if (!webDir || !workDir || !outDir) {
  console.error('usage: node build.mjs WEB_DIR WORK_DIR OUT_DIR');
  process.exit(2);
}
const major = Number(process.versions.node.split('.')[0]);
if (major < 18) {
  console.error(`GéoÉduc: Node.js 18 ou plus est nécessaire pour construire l'interface web (trouvé ${process.version})`);
  process.exit(1);
}

mkdirSync(workDir, { recursive: true });
for (const f of ['package.json', 'package-lock.json']) {
  cpSync(join(webDir, f), join(workDir, f));
}
const lock = readFileSync(join(webDir, 'package-lock.json'));
const stamp = join(workDir, 'node_modules', '.geoeduc-lock-sha256');
const sha = createHash('sha256').update(lock).update(readFileSync(join(webDir, 'package.json'))).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== sha) {
  console.log('GéoÉduc: npm ci (package-lock.json) in ' + workDir);
  // --ignore-scripts: no package runs code at install time (DSFR's preinstall only checks a project set-up we do not use)
  const npm = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: workDir, stdio: 'inherit' });
  if (npm.error || npm.status !== 0) {
    console.error('GéoÉduc: npm ci failed' + (npm.error ? ': ' + npm.error.message : ''));
    process.exit(1);
  }
  writeFileSync(stamp, sha);
}

const modules = join(workDir, 'node_modules');
const copies = [
  ['@gouvfr/dsfr/dist/dsfr.min.css', 'dsfr/dsfr.min.css'],
  ['@gouvfr/dsfr/dist/dsfr.module.min.js', 'dsfr/dsfr.module.min.js'],
  ['@gouvfr/dsfr/dist/utility/icons/icons.min.css', 'dsfr/utility/icons/icons.min.css'],
  ['@gouvfr/dsfr/dist/icons', 'dsfr/icons'],
  ['@gouvfr/dsfr/dist/fonts', 'dsfr/fonts'],
  ['@gouvfr/dsfr/dist/favicon', 'dsfr/favicon'],
  ['maplibre-gl/dist/maplibre-gl-csp.js', 'maplibre/maplibre-gl-csp.js'],
  ['maplibre-gl/dist/maplibre-gl-csp-worker.js', 'maplibre/maplibre-gl-csp-worker.js'],
  ['maplibre-gl/dist/maplibre-gl.css', 'maplibre/maplibre-gl.css'],
];
rmSync(outDir, { recursive: true, force: true });
for (const [from, to] of copies) {
  cpSync(join(modules, from), join(outDir, to), { recursive: true });
}
cpSync(join(webDir, 'src'), outDir, { recursive: true });
console.log('GéoÉduc: web assets in ' + outDir);
