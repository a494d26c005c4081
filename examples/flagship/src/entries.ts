/**
 * The blog's storage. Flaskr keeps entries in SQLite; Node 20 has no built-in SQLite, and a native
 * addon would be a download the example does not need, so entries live in memory for the life of
 * the process (newest first, as Flaskr's `order by id desc`).
 */
export interface Entry {
  id: number;
  title: string;
  text: string;
}

export class EntryStore {
  #entries: Entry[] = [];
  #nextId = 1;

  /** All entries, newest first. */
  list(): readonly Entry[] {
    return [...this.#entries].reverse();
  }

  /** Adds an entry and returns it. */
  add(title: string, text: string): Entry {
    const entry = { id: this.#nextId++, title, text };
    this.#entries.push(entry);
    return entry;
  }

  /** One entry by id, or undefined. */
  get(id: number): Entry | undefined {
    return this.#entries.find((e) => e.id === id);
  }
}
