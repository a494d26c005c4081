/**
 * What the facade adds to Koa's request, for TypeScript.
 */
declare module 'koa' {
  interface Request {
    /**
     * The blueprint of the matched endpoint (Flask's `request.blueprint`), `undefined` for app
     * routes and unmatched requests.
     *
     * @example
     * if (ctx.request.blueprint === 'admin') ctx.set('Cache-Control', 'no-store');
     */
    readonly blueprint?: string;
    /**
     * The matched blueprint and its parents, innermost first (Flask's `request.blueprints`).
     *
     * @example
     * ctx.request.blueprints; // ['parent.child', 'parent']
     */
    readonly blueprints?: readonly string[];
  }
}

export {};
