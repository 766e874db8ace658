import { defineSlice } from '@shop/building-blocks/hosting';
import { getUserInfoEndpoint } from './get-userinfo.endpoint';
import { GetUserInfoHandler } from './get-userinfo.handler';
import { GetUserInfoQuery } from './get-userinfo.query';

export const gettingUserinfo = defineSlice({
  name: 'getting-userinfo',
  requests: [GetUserInfoQuery],
  handlers: [GetUserInfoHandler],
  endpoints: [getUserInfoEndpoint],
});
