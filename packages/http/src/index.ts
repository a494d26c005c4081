/**
 * @module @kolba/http
 */
export {};
