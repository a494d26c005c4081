/** The tutorial's `flaskr/blog.py`: the index, and create / update / delete for the author. */
import { abort, Blueprint, flash, g, redirect, renderTemplate, urlFor } from 'kolba';
import { loginRequired } from './auth.js';
import type { Database, Post, User } from './db.js';

export function blogBlueprint(db: Database): Blueprint {
  const bp = new Blueprint('blog', import.meta.url);

  /** The tutorial's `get_post(id, check_author=True)`. */
  function getPost(id: number, checkAuthor = true): Post {
    const post = db.posts.find((p) => p.id === id) ?? abort(404, `Post id ${id} doesn't exist.`);
    if (checkAuthor && post.authorId !== (g.user as User).id) abort(403);
    return post;
  }

  bp.get('/', function index(ctx) {
    return renderTemplate(ctx, 'blog/index.html', { posts: db.postsWithAuthors() });
  });

  bp.route('/create', { methods: ['GET', 'POST'] }, loginRequired, function create(ctx) {
    if (ctx.method === 'POST') {
      const title = ctx.request.form.get('title') ?? '';
      if (!title) flash(ctx, 'Title is required.');
      else {
        db.addPost((g.user as User).id, title, ctx.request.form.get('body') ?? '');
        return redirect(urlFor('blog.index'));
      }
    }
    return renderTemplate(ctx, 'blog/create.html');
  });

  bp.route('/<int:id>/update', { methods: ['GET', 'POST'] }, loginRequired, function update(ctx) {
    const post = getPost(ctx.params.id);
    if (ctx.method === 'POST') {
      const title = ctx.request.form.get('title') ?? '';
      if (!title) flash(ctx, 'Title is required.');
      else {
        post.title = title;
        post.body = ctx.request.form.get('body') ?? '';
        return redirect(urlFor('blog.index'));
      }
    }
    return renderTemplate(ctx, 'blog/update.html', { post });
  });

  bp.post('/<int:id>/delete', { endpoint: 'delete' }, loginRequired, function remove(ctx) {
    const post = getPost(ctx.params.id);
    db.posts.splice(db.posts.indexOf(post), 1);
    return redirect(urlFor('blog.index'));
  });

  return bp;
}
