/** Starts the flagship on http://127.0.0.1:5000 (Flask's default port). */
import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 5000);
const host = process.env.HOST ?? '127.0.0.1';
const app = createApp({
  secretKey: process.env.SECRET_KEY ?? 'development key',
  debug: process.env.KOLBA_DEBUG === '1',
});
app.listen(port, host, () => {
  console.log(` * Running on http://${host}:${port} (press CTRL+C to quit)`);
});
