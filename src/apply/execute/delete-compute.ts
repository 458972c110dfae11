import { deleteHandler } from './delete-resource.js';

/** A compute instance or cluster that blocks enabling a managed network in place (allowRemovingComputes). */
export const deleteCompute = deleteHandler('a deleted compute cannot be restored: re-create it from your own definitions');
