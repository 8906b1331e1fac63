// `npm run dev`: the reference API (tsx watch, port 8787) and Vite's dev server for the demo and the source,
// which proxies API paths to it (see vite.config.ts). Ctrl-C stops both.
import { spawn } from 'node:child_process';

const api = spawn('npx', ['tsx', 'watch', 'server/src/server.ts'], {
  stdio: 'inherit',
  env: { PORT: '8787', ...process.env },
});
const vite = spawn('npx', ['vite', '--port', process.env.DEV_PORT ?? '5173'], { stdio: 'inherit' });
const stop = () => {
  api.kill('SIGTERM');
  vite.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of [api, vite]) child.on('exit', stop);
