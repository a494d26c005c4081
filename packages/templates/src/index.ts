/**
 * @module @kolba/templates
 */
export {};
