import { mount } from 'svelte'
import Portal from './Portal.svelte'
import './portal.css'

const target = document.getElementById('portal')
if (!target) throw new Error('portal/index.html has no #portal element')

export default mount(Portal, { target })
