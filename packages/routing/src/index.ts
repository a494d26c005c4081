/**
 * @module @kolba/routing
 */
export {};
