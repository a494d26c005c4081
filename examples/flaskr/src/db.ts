/**
 * The tutorial's SQLite database, as an in-memory store with the same two tables (user, post),
 * so the example needs no native module.
 */
export interface User {
  id: number;
  username: string;
  password: string;
}

export interface Post {
  id: number;
  authorId: number;
  created: Date;
  title: string;
  body: string;
}

/** One database per app (Flask's `get_db()` connection, shared by all requests). */
export class Database {
  readonly users: User[] = [];
  readonly posts: Post[] = [];

  addUser(username: string, password: string): User {
    const user = { id: this.users.length + 1, username, password };
    this.users.push(user);
    return user;
  }

  addPost(authorId: number, title: string, body: string): Post {
    const post = { id: this.posts.length + 1, authorId, created: new Date(), title, body };
    this.posts.push(post);
    return post;
  }

  /** Posts newest first, with their author's name, as the tutorial's index query. */
  postsWithAuthors(): Array<Post & { username: string }> {
    return [...this.posts]
      .reverse()
      .map((p) => ({ ...p, username: this.users.find((u) => u.id === p.authorId)?.username ?? '?' }));
  }
}
