export { classifyAddress, type AddressClass } from './address-classifier.js';
export { DEFAULT_MEDIA_SETTINGS, type MediaSettings } from './media-settings.js';
export { UndiciMediaFetcher } from './undici-media-fetcher.js';
