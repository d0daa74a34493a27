/** Where openstacksdk looks for clouds.yaml, secure.yaml and clouds-public.yaml, on each platform, as import/locations.ts lists them. */
import * as assert from 'node:assert/strict';
import { configDirectories, configLocations } from '../../../src/auth/import/locations';

describe('auth/import/locations: where openstacksdk looks, per platform', () => {
  it('Linux: the current directory, XDG_CONFIG_HOME, ~/.config, the first XDG_CONFIG_DIRS entry, /etc', () => {
    assert.deepEqual(configDirectories('/w', '/h', { XDG_CONFIG_HOME: '/x', XDG_CONFIG_DIRS: '/s1:/s2' }, 'linux'), [
      '/w',
      '/x/openstack',
      '/h/.config/openstack',
      '/s1/openstack',
      '/etc/openstack',
    ]);
    assert.deepEqual(configDirectories(undefined, '/h', {}, 'linux'), ['/h/.config/openstack', '/etc/xdg/openstack', '/etc/openstack']);
    assert.deepEqual(configDirectories(undefined, '/h', { XDG_CONFIG_DIRS: ':/s2' }, 'linux'), [
      '/h/.config/openstack',
      '/etc/xdg/openstack',
      '/etc/openstack',
    ]);
    assert.deepEqual(
      configDirectories(undefined, '/h', { XDG_CONFIG_HOME: '/h/.config' }, 'linux'),
      ['/h/.config/openstack', '/etc/xdg/openstack', '/etc/openstack'],
      'a directory named twice is read once',
    );
  });

  it('macOS: Application Support in the home and the system Library, not XDG', () => {
    assert.deepEqual(configDirectories('/w', '/Users/u', { XDG_CONFIG_HOME: '/x', XDG_CONFIG_DIRS: '/s1' }, 'darwin'), [
      '/w',
      '/Users/u/Library/Application Support/openstack',
      '/Users/u/.config/openstack',
      '/Library/Application Support/openstack',
      '/etc/openstack',
    ]);
  });

  it('Windows: %LOCALAPPDATA% and %PROGRAMDATA% as openstacksdk (appdirs) has them, not XDG', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', PROGRAMDATA: 'D:\\Data', XDG_CONFIG_HOME: '/x' };
    assert.deepEqual(configDirectories('C:\\w', 'C:\\Users\\u', env, 'win32'), [
      'C:\\w',
      'C:\\Users\\u\\AppData\\Local\\OpenStack\\openstack',
      'C:\\Users\\u/.config/openstack',
      'D:\\Data\\OpenStack\\openstack',
      '/etc/openstack',
    ]);
    assert.deepEqual(configDirectories(undefined, 'C:\\Users\\u', {}, 'win32').slice(0, 3), [
      'C:\\Users\\u\\AppData\\Local\\OpenStack\\openstack',
      'C:\\Users\\u/.config/openstack',
      'C:\\ProgramData\\OpenStack\\openstack',
    ]);
  });

  it('each directory gives clouds, secure and clouds-public files, .yaml then .yml then .json', () => {
    const at = configLocations(undefined, '/h', { XDG_CONFIG_DIRS: '/s' }, 'linux');
    assert.deepEqual(at.vendor.slice(0, 3), [
      '/h/.config/openstack/clouds-public.yaml',
      '/h/.config/openstack/clouds-public.yml',
      '/h/.config/openstack/clouds-public.json',
    ]);
    assert.deepEqual([at.clouds.length, at.secure.length, at.vendor.length], [9, 9, 9]);
    assert.equal(at.secure[8], '/etc/openstack/secure.json');
  });
});
