/**
 * kolba: Flask's application object on Koa, composed from the @kolba packages.
 * @module kolba
 */
export {};
