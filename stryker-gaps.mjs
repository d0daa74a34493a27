import base from './stryker.config.mjs';
export default {
  ...base,
  mochaOptions: { ...base.mochaOptions, spec: ['out/test/unit/openstack/swift/gapListing.test.js', 'out/test/unit/openstack/swift/gapListingEdges.test.js', 'out/test/unit/openstack/swift/heldPages.test.js', 'out/test/unit/openstack/swift/fullListingEdges.test.js', 'out/test/unit/openstack/swift/listAll.test.js', 'out/test/unit/openstack/swift/splitListing.test.js', 'out/test/unit/openstack/swift/splitListingEdges.test.js'] },
  tempDirName: '.stryker-tmp-gaps',
  jsonReporter: { fileName: '/tmp/oss/mutation-held2.json' },
  reporters: ['clear-text', 'json'],
  htmlReporter: undefined,
};
