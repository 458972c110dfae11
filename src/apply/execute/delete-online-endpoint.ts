import { deleteHandler } from './delete-resource.js';

/** A managed online endpoint that blocks enabling a managed network in place (allowRemovingComputes). */
export const deleteOnlineEndpoint = deleteHandler('a deleted online endpoint cannot be restored: re-create it from your own definitions');
