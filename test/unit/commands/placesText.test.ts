/** Copy Name / Copy Path, Create Folder's names and checks, the Explorer's arguments. */
import * as assert from 'node:assert/strict';
import { baseNameOf, explorerPaths, folderMarkerName, folderNameProblem, pathOf } from '../../../src/commands/placesText';

const at = { profileId: 'p', region: 'R' };

describe('places: names and paths', () => {
  it('base name of an object, a folder, a container; none for the account', () => {
    assert.equal(baseNameOf({ ...at, container: 'docs', object: 'a/b/c.txt' }), 'c.txt');
    assert.equal(baseNameOf({ ...at, container: 'docs', object: 'top.txt' }), 'top.txt');
    assert.equal(baseNameOf({ ...at, container: 'docs', prefix: 'logs/2024/' }), '2024');
    assert.equal(baseNameOf({ ...at, container: 'docs', object: 'dir/' }), 'dir');
    assert.equal(baseNameOf({ ...at, container: 'docs', object: '/' }), '/');
    assert.equal(baseNameOf({ ...at, container: 'docs' }), 'docs');
    assert.equal(baseNameOf(at), undefined);
  });
  it('path: container/name as swift and URLs address it (a folder keeps its slash)', () => {
    assert.equal(pathOf({ ...at, container: 'docs', object: 'a/b c.txt' }), 'docs/a/b c.txt');
    assert.equal(pathOf({ ...at, container: 'docs', prefix: 'logs/' }), 'docs/logs/');
    assert.equal(pathOf({ ...at, container: 'docs' }), 'docs');
    assert.equal(pathOf(at), undefined);
  });
});

describe('places: Create Folder', () => {
  it('the marker is the full prefix with one trailing slash', () => {
    assert.equal(folderMarkerName('', 'new'), 'new/');
    assert.equal(folderMarkerName('a/', 'b/c'), 'a/b/c/');
    assert.equal(folderMarkerName('a/', 'b/'), 'a/b/');
  });
  it('one sentence for each bad name; a good name passes', () => {
    assert.match(folderNameProblem('', '')!, /Type a name/);
    assert.match(folderNameProblem('   ', '')!, /Type a name/);
    assert.match(folderNameProblem('/x', '')!, /cannot start with "\/"/);
    assert.match(folderNameProblem('a//b', '')!, /"\/\/"/);
    assert.match(folderNameProblem('a\nb', '')!, /control characters/);
    assert.match(folderNameProblem('é'.repeat(600), '')!, /1,024 bytes/);
    assert.equal(folderNameProblem('reports 2024 ☁', 'a/'), undefined);
  });
});

describe('places: Explorer arguments', () => {
  const file = (fsPath: string) => ({ scheme: 'file', fsPath });
  it('the selection when there is one, else the clicked resource; only local files', () => {
    assert.deepEqual(explorerPaths(file('/a'), [file('/a'), file('/b'), { scheme: 'untitled', fsPath: 'x' }]), ['/a', '/b']);
    assert.deepEqual(explorerPaths(file('/a'), undefined), ['/a']);
    assert.deepEqual(explorerPaths(undefined, []), []);
  });
});
