/** framer-motion's animation features, loaded after the first paint (LazyMotion): the stage shows at once and animates once they arrive. */
import { domAnimation } from 'framer-motion';

export default domAnimation;
