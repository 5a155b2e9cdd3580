import { describe, expect, it } from 'vitest';
import { App } from '../../../../src/app/chalice/app.js';
import { Blueprint } from '../../../../src/app/chalice/blueprint.js';
import { CORSConfig } from '../../../../src/app/chalice/http/httpValues.js';
import { RouteMatcher } from '../../../../src/app/chalice/http/routePaths.js';
import { refusal } from '../registrationRefusal.js';

describe('app.route registration', () => {
  it('keeps each method of a path with its registration, a blueprint route under its urlPrefix', () => {
    const app = new App('shop');
    app.route('/objects/{key}', { methods: ['GET', 'PUT'] }, function objects() {
      return {};
    });
    const admin = new Blueprint('admin');
    admin.route('/users/{id}', {}, function user() {
      return {};
    });
    app.registerBlueprint(admin, { namePrefix: 'admin_', urlPrefix: '/admin' });
    expect([...app.routes.keys()]).toEqual(['/objects/{key}', '/admin/users/{id}']);
    expect([...(app.routes.get('/objects/{key}')?.keys() ?? [])]).toEqual(['GET', 'PUT']);
    expect(app.routes.get('/admin/users/{id}')?.get('GET')?.name).toBe('admin_user');
    expect(app.registration('objects')?.fn.config.maximumRetryAttempts).toBe(0);
  });

  it.each([
    ['objects', /starting with "\/"/],
    ['/objects/', /trailing slash/],
    ['/obj ects', /\[a-zA-Z0-9\._-\]/],
    ['/a/{id}/b/{id}', /twice/],
    ['/a//b', /segment/],
  ])('refuses the path %s naming the field and rule', (path, rule) => {
    const error = refusal(() => new App('shop').route(path, {}, () => ({})));
    expect(error.issues[0]?.path).toBe('path');
    expect(error.issues[0]?.rule).toMatch(rule);
    expect(error.message).toMatch(/^invalid app\.route at .*routeRegistration\.test\.ts/);
  });

  it('refuses a bad method, content type, cors value and a retry count', () => {
    const error = refusal(() =>
      new App('shop').route(
        '/a',
        { methods: ['GET', 'FETCH', 'GET'], contentTypes: ['json'], cors: 'yes' as never },
        () => ({}),
      ),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['methods[1]', 'methods[2]', 'contentTypes[0]', 'cors']);
    expect(error.issues[0]?.rule).toMatch(/must be one of GET, POST/);
    expect(refusal(() => new App('s').route('/a', { maximumRetryAttempts: 1 }, () => 1)).issues[0]?.path).toBe(
      'maximumRetryAttempts',
    );
  });

  it('refuses the same path and method twice, naming both places', () => {
    const app = new App('shop');
    app.route('/a', { methods: ['GET', 'POST'] }, function first() {});
    const error = refusal(() => app.route('/a', { methods: ['POST'] }, function second() {}));
    expect(error.message).toMatch(/app\.route at .*:\d+:\d+.*POST \/a is already served by app\.route at .*:\d+:\d+/);
  });

  it('refuses a different CORS setting on another method of one path', () => {
    const app = new App('shop');
    app.route('/a', { cors: true }, function first() {});
    const error = refusal(() =>
      app.route('/a', { methods: ['POST'], cors: new CORSConfig({ allowOrigin: 'https://x' }) }, function b() {}),
    );
    expect(error.issues[0]?.path).toBe('cors');
  });

  it('refuses a bad urlPrefix and an authorizer ttl out of range', () => {
    expect(refusal(() => new App('s').registerBlueprint(new Blueprint(), { urlPrefix: 'admin' })).issues[0]?.path).toBe(
      'urlPrefix',
    );
    expect(refusal(() => new App('s').authorizer(function auth() {}, { ttlSeconds: 4000 })).issues[0]?.path).toBe(
      'ttlSeconds',
    );
  });
});

describe('RouteMatcher', () => {
  it('matches literal segments before captures and drops a trailing slash', () => {
    const matcher = new RouteMatcher(['/a/{x}', '/a/b', '/']);
    expect(matcher.match('/a/b/')).toEqual({ route: '/a/b', captured: {} });
    expect(matcher.match('/a/c')).toEqual({ route: '/a/{x}', captured: { x: 'c' } });
    expect(matcher.match('/')).toEqual({ route: '/', captured: {} });
    expect(matcher.match('/a')).toBeUndefined();
    expect(matcher.match('/a//')).toBeUndefined();
  });
});
