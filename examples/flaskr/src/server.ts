/** `flask --app flaskr run`: Flaskr on http://127.0.0.1:5001 (5000 is the flagship's). */
import { createApp } from './app.js';

await createApp().run({ port: Number(process.env.PORT ?? 5001) });
