/** End to end, netns runtime: the default WAN built by the CLI works and goes away cleanly. */
import { defaultWanSuite } from './wan-suite.js';

describe('e2e: default WAN, netns runtime', function () {
  this.timeout(120_000);
  defaultWanSuite('netns', () => ({}));
});
